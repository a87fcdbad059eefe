//! Is the state file a healthy SQLite database? Checked on open, before anything is written:
//! a damaged file must stop the run (the engine would otherwise go on without the links that
//! keep orders from being transferred twice), and it must not be "repaired" by migrations.
//!
//! - A file that does not start with SQLite's header is not a database: damaged.
//! - A **zero-length** file is what SQLite itself creates on open before the first write (a
//!   run killed right after creating its state file leaves one), and SQLite reads it as an
//!   empty database. It is taken as a fresh state, with a warning: the engine looks orders up
//!   in Rackbeat before creating any, so a fresh state costs look-ups, not duplicates.
//! - Otherwise `PRAGMA quick_check` must answer `ok` (it walks every page and b-tree, in time
//!   linear in the file's size, without the slower index-to-table cross-checks).

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, ErrorCode};

use crate::state::StateError;

/// The first 16 bytes of every SQLite 3 database file.
const HEADER: &[u8; 16] = b"SQLite format 3\0";
/// How many problems `quick_check` reports at most (they go into the error).
const MAX_PROBLEMS: u32 = 3;

/// Checks the header of an existing file; a missing or empty file passes (it is new).
pub(super) fn check_header(path: &Path) -> Result<(), StateError> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        // A file that does not exist yet is created by the open; other open errors are
        // reported by SQLite's own open, with its message.
        Err(_) => return Ok(()),
    };
    let mut start = Vec::with_capacity(HEADER.len());
    file.by_ref()
        .take(u64::try_from(HEADER.len()).unwrap_or(16))
        .read_to_end(&mut start)
        .map_err(|e| damaged(path, format!("cannot read its header: {e}")))?;
    if start.is_empty() {
        tracing::warn!(
            path = %path.display(),
            "the state file is empty: starting with a fresh state (orders are looked up in \
             Rackbeat before any is created)"
        );
        return Ok(());
    }
    if start.as_slice() != HEADER {
        return Err(damaged(path, "it is not a SQLite database".to_owned()));
    }
    Ok(())
}

/// Runs `PRAGMA quick_check` and fails unless it answers `ok`.
pub(super) fn check_pages(conn: &Connection, path: &Path) -> Result<(), StateError> {
    let mut statement = conn
        .prepare(&format!("PRAGMA quick_check({MAX_PROBLEMS})"))
        .map_err(|e| from_sqlite(path, e))?;
    let problems: Vec<String> = statement
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<String>, _>>())
        .map_err(|e| from_sqlite(path, e))?;
    if problems.len() == 1 && problems.first().is_some_and(|p| p == "ok") {
        return Ok(());
    }
    Err(damaged(
        path,
        format!("SQLite's integrity check: {}", problems.join("; ")),
    ))
}

/// A driver error met while opening: damage when SQLite says so, else an open error.
pub(super) fn from_sqlite(path: &Path, error: rusqlite::Error) -> StateError {
    if is_damage(&error) {
        damaged(path, error.to_string())
    } else {
        StateError::Open {
            path: path.to_path_buf(),
            source: Box::new(error),
        }
    }
}

/// Turns a store error whose cause is a damaged file ("database disk image is malformed",
/// "file is not a database") into [`StateError::Damaged`], so that damage found in the middle
/// of a run is reported as such and never retried.
pub(super) fn damage_found(error: StateError, path: &Path) -> StateError {
    match error {
        StateError::Database { operation, source } => {
            match source.downcast_ref::<rusqlite::Error>() {
                Some(e) if is_damage(e) => damaged(path, format!("{operation}: {e}")),
                _ => StateError::Database { operation, source },
            }
        }
        other => other,
    }
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

fn damaged(path: &Path, detail: String) -> StateError {
    StateError::Damaged {
        path: path.to_path_buf(),
        detail,
    }
}
