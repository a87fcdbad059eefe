//! The state store's error type.

use std::path::PathBuf;

/// A boxed underlying error (kept opaque so no driver type leaks into the public API).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What can go wrong in a [`StateStore`](super::StateStore).
///
/// No variant ever carries a secret value: secrets are passed through, never formatted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// The database stayed locked by another connection or process for longer than the busy
    /// timeout. Retrying later is safe.
    #[error("the state database is busy (locked by another connection)")]
    Busy,
    /// The state file could not be opened or prepared.
    #[error("cannot open the state database at {path}")]
    Open {
        /// The file that was opened.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// The state file is damaged: not a SQLite database, or its pages fail SQLite's integrity
    /// check ("database disk image is malformed"). Nothing was written to it. Restore it from
    /// a backup, or move it away to start with a fresh state.
    #[error(
        "the state file {path} is damaged ({detail}); nothing was written to it: restore it \
         from a backup, or move it away to start with a fresh state"
    )]
    Damaged {
        /// The damaged file.
        path: PathBuf,
        /// What SQLite found.
        detail: String,
    },
    /// The file was written by a newer version of this program (its schema version is higher
    /// than the one this build knows). Nothing was changed.
    #[error("the state database has schema version {found}, this build supports up to {supported}")]
    SchemaTooNew {
        /// The version found in the file (`PRAGMA user_version`).
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A database operation failed.
    #[error("state database error while {operation}")]
    Database {
        /// What the store was doing, e.g. "claiming an order".
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// Stored data could not be read back (an out-of-range timestamp, an unknown item kind).
    #[error("stored state is unreadable: {detail}")]
    Corrupt {
        /// What could not be read.
        detail: String,
    },
    /// A value cannot be stored (e.g. a number too large for the database).
    #[error("value cannot be stored: {detail}")]
    InvalidInput {
        /// What was wrong.
        detail: String,
    },
    /// `complete_intent` found the order already linked to a *different* Rackbeat order.
    /// The existing link is kept; this means a duplicate Rackbeat order exists and needs a human.
    #[error(
        "SmartWeb order {order_id} is already linked to Rackbeat order {existing}, not {attempted}"
    )]
    LinkConflict {
        /// The SmartWeb order id.
        order_id: String,
        /// The Rackbeat order number already recorded.
        existing: u64,
        /// The Rackbeat order number that was offered.
        attempted: u64,
    },
    /// The database server could not be reached, or dropped the connection (refused, timed
    /// out, shutting down). Nothing is known to have been written by the failed call;
    /// retrying later is safe.
    #[error("the state database cannot be reached while {operation}")]
    Unreachable {
        /// What the store was doing, e.g. "connecting to PostgreSQL".
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// The background task running a blocking database call was cancelled or panicked.
    #[error("the state store's background task failed")]
    Unavailable {
        /// The join error.
        #[source]
        source: BoxError,
    },
}

impl StateError {
    /// Whether trying the same call again later can succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Busy | Self::Unreachable { .. } | Self::Unavailable { .. }
        )
    }
}
