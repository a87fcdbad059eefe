//! Why an item failed, by kind ([`Failure`]): what a program or an operator reacts to (fix
//! the network, the credentials, the data or the settings), with the chain of causes.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Which service a failure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Service {
    /// SmartWeb (SOAP, and GraphQL for webhooks).
    Smartweb,
    /// Rackbeat (REST).
    Rackbeat,
}

impl Service {
    /// The snake_case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Smartweb => "smartweb",
            Self::Rackbeat => "rackbeat",
        }
    }

    /// The service's name as people write it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Smartweb => "SmartWeb",
            Self::Rackbeat => "Rackbeat",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a request failed to travel: the network side of a [`FailureKind::Transport`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TransportFailure {
    /// The host name could not be resolved (no network, no DNS, a wrong host name).
    Dns,
    /// The host refused the connection (nothing listens on the port).
    Refused,
    /// No route to the host or its network.
    Unreachable,
    /// The TLS handshake failed (certificate, protocol, not TLS at all).
    Tls,
    /// No connection within the connect timeout (no route, packets dropped).
    ConnectTimeout,
    /// The answer took too long (the request may have been handled).
    Timeout,
    /// Anything else on the way (a reset connection, a broken answer).
    Other,
}

impl TransportFailure {
    /// The snake_case name (`dns`, `refused`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dns => "dns",
            Self::Refused => "refused",
            Self::Unreachable => "unreachable",
            Self::Tls => "tls",
            Self::ConnectTimeout => "connect_timeout",
            Self::Timeout => "timeout",
            Self::Other => "other",
        }
    }

    /// Words for an operator: `dns lookup failed`, `connection refused`, ….
    pub fn describe(self) -> &'static str {
        match self {
            Self::Dns => "dns lookup failed",
            Self::Refused => "connection refused",
            Self::Unreachable => "network unreachable",
            Self::Tls => "TLS handshake failed",
            Self::ConnectTimeout => "connect timed out",
            Self::Timeout => "timed out",
            Self::Other => "transport error",
        }
    }

    const ALL: [TransportFailure; 7] = [
        Self::Dns,
        Self::Refused,
        Self::Unreachable,
        Self::Tls,
        Self::ConnectTimeout,
        Self::Timeout,
        Self::Other,
    ];
}

/// The kind of an item's failure.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// The request did not travel (`transport.dns`, `transport.refused`, …).
    Transport(TransportFailure),
    /// The service refused our credentials (`auth`).
    Auth,
    /// The service said no to what we sent (`rejected`): Rackbeat's field errors by
    /// Laravel-style path (`lines.0.item_id`), SmartWeb's `PARAM` fault (no fields).
    Rejected {
        /// Field path → messages (empty when the service named none).
        fields: BTreeMap<String, Vec<String>>,
    },
    /// What was asked for does not exist (`not_found`).
    NotFound,
    /// Over the service's rate limit, retries spent (`rate_limited`).
    RateLimited,
    /// The service failed (`server_fault`): a SmartWeb fault code or Rackbeat's HTTP status.
    ServerFault {
        /// `INTERNAL`, `lineErrors`, `503`, ….
        code: String,
    },
    /// The answer could not be read (`decode`).
    Decode,
    /// The order cannot be mapped (`mapping`): every problem found.
    Mapping {
        /// The problems, one text each.
        problems: Vec<String>,
    },
    /// The state store failed (`state`).
    State,
    /// Anything else (`other`).
    Other,
}

impl FailureKind {
    /// The dotted name, as in JSON and the table: `transport.dns`, `auth`, `rejected`, ….
    pub fn name(&self) -> &'static str {
        match self {
            Self::Transport(t) => match t {
                TransportFailure::Dns => "transport.dns",
                TransportFailure::Refused => "transport.refused",
                TransportFailure::Unreachable => "transport.unreachable",
                TransportFailure::Tls => "transport.tls",
                TransportFailure::ConnectTimeout => "transport.connect_timeout",
                TransportFailure::Timeout => "transport.timeout",
                TransportFailure::Other => "transport.other",
            },
            Self::Auth => "auth",
            Self::Rejected { .. } => "rejected",
            Self::NotFound => "not_found",
            Self::RateLimited => "rate_limited",
            Self::ServerFault { .. } => "server_fault",
            Self::Decode => "decode",
            Self::Mapping { .. } => "mapping",
            Self::State => "state",
            Self::Other => "other",
        }
    }

    /// Whether no connection to the service could be made at all (dns, refused,
    /// unreachable, TLS, connect timeout): nothing was sent, and the next request would most
    /// likely fail the same way.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Self::Transport(
                TransportFailure::Dns
                    | TransportFailure::Refused
                    | TransportFailure::Unreachable
                    | TransportFailure::Tls
                    | TransportFailure::ConnectTimeout
            )
        )
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an item failed: its kind, the service it came from, and the message of every level of
/// the error's cause chain (outermost first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "FailureRecord", try_from = "FailureRecord")]
#[non_exhaustive]
pub struct Failure {
    /// The kind.
    pub kind: FailureKind,
    /// The service, when a service's answer (or its absence) caused it.
    pub service: Option<Service>,
    /// The messages of the error and each of its `source()`s, outermost first.
    pub causes: Vec<String>,
}

impl Failure {
    /// A failure of `kind` with no cause chain.
    pub fn new(kind: FailureKind) -> Self {
        Self {
            kind,
            service: None,
            causes: Vec::new(),
        }
    }

    /// The failure of an order that cannot be mapped, with every problem.
    pub fn mapping(problems: impl IntoIterator<Item = impl ToString>) -> Self {
        Self::new(FailureKind::Mapping {
            problems: problems.into_iter().map(|p| p.to_string()).collect(),
        })
    }

    /// Names the service it came from.
    #[must_use]
    pub fn with_service(mut self, service: Service) -> Self {
        self.service = Some(service);
        self
    }

    /// Sets the cause chain from `error` and its `source()`s (each message once: a level
    /// whose text its wrapper already printed is still listed, so the chain reads alone).
    #[must_use]
    pub fn with_causes_of(mut self, error: &(dyn std::error::Error + 'static)) -> Self {
        self.causes = cause_chain(error);
        self
    }

    /// The innermost cause, where the actual reason usually is (`Connection refused (os error
    /// 111)`).
    pub fn root_cause(&self) -> Option<&str> {
        self.causes.last().map(String::as_str)
    }
}

/// The message of `error` and of each of its `source()`s, outermost first; levels whose text
/// is the same as the level above (wrappers that only repeat) are listed once. The one walk
/// over an error's causes: [`error_chain`](crate::error_chain) joins these into a line.
pub fn cause_chain<E: std::error::Error + ?Sized>(error: &E) -> Vec<String> {
    let mut causes = vec![error.to_string()];
    let mut level = error.source();
    while let Some(e) = level {
        let text = e.to_string();
        if causes.last() != Some(&text) {
            causes.push(text);
        }
        level = e.source();
    }
    causes
}

/// The JSON form of a [`Failure`]: `{"kind": "transport.dns", "service": "smartweb",
/// "causes": [...]}`, plus `fields` (rejected), `code` (server fault) or `problems` (mapping).
#[derive(Serialize, Deserialize)]
struct FailureRecord {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service: Option<Service>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    fields: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    problems: Vec<String>,
    #[serde(default)]
    causes: Vec<String>,
}

impl From<Failure> for FailureRecord {
    fn from(failure: Failure) -> Self {
        let kind = failure.kind.name().to_owned();
        let mut record = FailureRecord {
            kind,
            service: failure.service,
            fields: BTreeMap::new(),
            code: None,
            problems: Vec::new(),
            causes: failure.causes,
        };
        match failure.kind {
            FailureKind::Rejected { fields } => record.fields = fields,
            FailureKind::ServerFault { code } => record.code = Some(code),
            FailureKind::Mapping { problems } => record.problems = problems,
            _ => {}
        }
        record
    }
}

/// A failure kind name that is not one of [`FailureKind`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown failure kind {0:?}")]
pub struct UnknownFailureKind(pub String);

impl TryFrom<FailureRecord> for Failure {
    type Error = UnknownFailureKind;

    fn try_from(record: FailureRecord) -> Result<Self, Self::Error> {
        let kind = match record.kind.as_str() {
            "auth" => FailureKind::Auth,
            "rejected" => FailureKind::Rejected {
                fields: record.fields,
            },
            "not_found" => FailureKind::NotFound,
            "rate_limited" => FailureKind::RateLimited,
            "server_fault" => FailureKind::ServerFault {
                code: record.code.unwrap_or_default(),
            },
            "decode" => FailureKind::Decode,
            "mapping" => FailureKind::Mapping {
                problems: record.problems,
            },
            "state" => FailureKind::State,
            "other" => FailureKind::Other,
            name => TransportFailure::ALL
                .into_iter()
                .map(FailureKind::Transport)
                .find(|k| k.name() == name)
                .ok_or_else(|| UnknownFailureKind(name.to_owned()))?,
        };
        Ok(Failure {
            kind,
            service: record.service,
            causes: record.causes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_json() {
        let mut fields = BTreeMap::new();
        fields.insert("lines.0.item_id".to_owned(), vec!["is invalid".to_owned()]);
        let mut kinds: Vec<FailureKind> = TransportFailure::ALL
            .into_iter()
            .map(FailureKind::Transport)
            .collect();
        kinds.extend([
            FailureKind::Auth,
            FailureKind::Rejected { fields },
            FailureKind::NotFound,
            FailureKind::RateLimited,
            FailureKind::ServerFault {
                code: "INTERNAL".to_owned(),
            },
            FailureKind::Decode,
            FailureKind::Mapping {
                problems: vec!["line 2 has no item number".to_owned()],
            },
            FailureKind::State,
            FailureKind::Other,
        ]);
        for kind in kinds {
            let failure = Failure::new(kind).with_service(Service::Rackbeat);
            let json = serde_json::to_value(&failure).unwrap();
            assert_eq!(json["kind"], failure.kind.name());
            assert_eq!(json["service"], "rackbeat");
            let back: Failure = serde_json::from_value(json).unwrap();
            assert_eq!(back, failure);
        }
    }

    #[test]
    fn json_names_the_details_of_each_kind() {
        let mut fields = BTreeMap::new();
        fields.insert("layout_id".to_owned(), vec!["does not exist".to_owned()]);
        let json = serde_json::to_value(Failure::new(FailureKind::Rejected { fields })).unwrap();
        assert_eq!(json["fields"]["layout_id"][0], "does not exist");
        let json = serde_json::to_value(Failure::mapping(["no VAT rate"])).unwrap();
        assert_eq!(json["kind"], "mapping");
        assert_eq!(json["problems"][0], "no VAT rate");
        let json = serde_json::to_value(Failure::new(FailureKind::ServerFault {
            code: "INTERNAL".to_owned(),
        }))
        .unwrap();
        assert_eq!(json["code"], "INTERNAL");
        let unknown = serde_json::json!({"kind": "transport.carrier_pigeon", "causes": []});
        assert!(serde_json::from_value::<Failure>(unknown).is_err());
    }

    #[test]
    fn the_cause_chain_lists_every_level_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("error sending request")]
        struct Outer(#[source] std::io::Error);
        let inner = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let failure = Failure::new(FailureKind::Transport(TransportFailure::Refused))
            .with_causes_of(&Outer(inner));
        assert_eq!(failure.causes, ["error sending request", "refused"]);
        assert_eq!(failure.root_cause(), Some("refused"));
        assert!(failure.kind.is_unreachable());
        assert!(!FailureKind::Transport(TransportFailure::Timeout).is_unreachable());
    }
}
