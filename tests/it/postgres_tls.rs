//! The PostgreSQL store over TLS: `sslmode` and `sslrootcert` from the URL, the certificate
//! checked against a CA made for the test server.
//!
//! Needs the server of `scripts/postgres.sh` (`eval "$(bash scripts/postgres.sh start)"`): it
//! sets `SMARTWEB_RACKBEAT_TEST_PG` and `SMARTWEB_RACKBEAT_TEST_PG_CA` (the CA's PEM file),
//! serves TLS with a certificate for `localhost` and `127.0.0.1`, and refuses the role
//! `tls_only` without TLS, so a store connected as `tls_only` is encrypted. The tests are
//! ignored unless asked for (`tests/it/postgres_support/mod.rs` says how); without either
//! variable they fail.
#![cfg(feature = "postgres")]

use crate::postgres_support;

use smartweb_rackbeat::state::{
    POSTGRES_SCHEMA_VERSION, PostgresOptions, PostgresStore, StateError,
};

/// The server's port and its CA file.
fn server() -> (u16, String) {
    let url = postgres_support::database_url();
    let ca = std::env::var("SMARTWEB_RACKBEAT_TEST_PG_CA").expect(
        "SMARTWEB_RACKBEAT_TEST_PG_CA names the test server's CA: start the server with \
         scripts/postgres.sh",
    );
    assert!(
        std::path::Path::new(&ca).is_file(),
        "the CA file {ca} is missing"
    );
    let config: tokio_postgres::Config = url.parse().expect("a PostgreSQL URL");
    let port = *config.get_ports().first().expect("the URL names a port");
    (port, ca)
}

async fn connect(url: String) -> Result<PostgresStore, StateError> {
    PostgresStore::connect_with(PostgresOptions::new(url).max_connections(1), "tls-shop").await
}

/// The error and its sources, for assertions on the cause.
fn chain(error: &StateError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn assert_certificate_refused(result: Result<PostgresStore, StateError>, case: &str) {
    let error = result.expect_err(case);
    assert!(
        matches!(error, StateError::Database { .. }),
        "{case}: a refused certificate is a setup error, not an outage: {error:?}"
    );
    assert!(!error.is_retryable(), "{case}");
    let chain = chain(&error);
    assert!(chain.contains("certificate"), "{case}: {chain}");
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn verify_full_with_the_ca_connects_encrypted_by_address_and_by_name() {
    let (port, ca) = server();
    for host in ["127.0.0.1", "localhost"] {
        let store = connect(format!(
            "postgres://tls_only@{host}:{port}/postgres?sslmode=verify-full&sslrootcert={ca}"
        ))
        .await
        .unwrap_or_else(|e| panic!("{host}: {}", chain(&e)));
        assert_eq!(
            store.schema_version().await.unwrap(),
            POSTGRES_SCHEMA_VERSION
        );
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn key_value_connection_strings_carry_the_tls_settings_too() {
    let (port, ca) = server();
    let quoted_ca = ca.replace('\\', "\\\\").replace('\'', "\\'");
    let store = connect(format!(
        "host=localhost port={port} user=tls_only dbname=postgres sslmode=verify-full \
         sslrootcert='{quoted_ca}'"
    ))
    .await
    .unwrap_or_else(|e| panic!("{}", chain(&e)));
    assert_eq!(
        store.schema_version().await.unwrap(),
        POSTGRES_SCHEMA_VERSION
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn verify_full_without_the_ca_is_refused() {
    let (port, _) = server();
    // The platform's roots do not include the test CA.
    let error = connect(format!(
        "postgres://tls_only@127.0.0.1:{port}/postgres?sslmode=verify-full"
    ))
    .await
    .expect_err("the test CA is not a platform root");
    assert!(!error.is_retryable(), "{error:?}");
    match &error {
        // A machine without a trust store says so before connecting.
        StateError::InvalidInput { detail } => assert!(detail.contains("sslrootcert"), "{detail}"),
        StateError::Database { .. } => {
            assert!(chain(&error).contains("certificate"), "{}", chain(&error));
        }
        other => panic!("unexpected error {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn verify_full_refuses_a_host_the_certificate_does_not_name_and_verify_ca_accepts_it() {
    let (port, ca) = server();
    // `hostaddr` is where the connection goes, `host` the name the certificate must carry.
    let wrong_host = |mode: &str| {
        format!(
            "postgres://tls_only@db.wrong.example:{port}/postgres?hostaddr=127.0.0.1&sslmode={mode}&sslrootcert={ca}"
        )
    };
    assert_certificate_refused(connect(wrong_host("verify-full")).await, "verify-full");
    let store = connect(wrong_host("verify-ca"))
        .await
        .unwrap_or_else(|e| panic!("verify-ca checks the chain, not the name: {}", chain(&e)));
    assert_eq!(
        store.schema_version().await.unwrap(),
        POSTGRES_SCHEMA_VERSION
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn a_ca_file_that_did_not_sign_the_certificate_is_refused_in_every_checking_mode() {
    let (port, _) = server();
    // A CA of its own: the server certificate's issuer, signed by nobody here.
    let dir = tempfile::tempdir().unwrap();
    let other_ca = dir.path().join("other-ca.pem");
    std::fs::write(&other_ca, OTHER_CA).unwrap();
    for mode in ["require", "verify-ca", "verify-full"] {
        let url = format!(
            "postgres://tls_only@127.0.0.1:{port}/postgres?sslmode={mode}&sslrootcert={}",
            other_ca.display()
        );
        assert_certificate_refused(connect(url).await, mode);
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn require_and_prefer_encrypt_without_checking_and_disable_stays_plain() {
    let (port, _) = server();
    let base = format!("postgres://tls_only@127.0.0.1:{port}/postgres");
    for url in [format!("{base}?sslmode=require"), base.clone()] {
        let store = connect(url.clone())
            .await
            .unwrap_or_else(|e| panic!("{url}: {}", chain(&e)));
        assert_eq!(
            store.schema_version().await.unwrap(),
            POSTGRES_SCHEMA_VERSION
        );
    }
    // pg_hba refuses `tls_only` without TLS: proof that `disable` connects in plain text (and
    // so that the connections above were encrypted).
    let error = connect(format!("{base}?sslmode=disable"))
        .await
        .expect_err("tls_only is refused without TLS");
    assert!(chain(&error).contains("no encryption"), "{}", chain(&error));
}

/// A self-signed CA certificate (ECDSA P-256, valid until 2126) unrelated to the test
/// server's CA; its key was thrown away.
const OTHER_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBuTCCAV+gAwIBAgIUaRm5Djfwm6sY+o3kVXv1YoFdcCYwCgYIKoZIzj0EAwIw
KTEnMCUGA1UEAwwec21hcnR3ZWItcmFja2JlYXQgdW5yZWxhdGVkIENBMCAXDTI2
MTIwMjE5MTk1MFoYDzIxMjYxMTA4MTkxOTUwWjApMScwJQYDVQQDDB5zbWFydHdl
Yi1yYWNrYmVhdCB1bnJlbGF0ZWQgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AASmWA2b1Uu50IQWbZy4c2oI1ahJ64Wg4YNtI8+rCEdEMccJO4acw+fNhbHBMqA9
IPf9nDsuYAMYczKD2VUhAboTo2MwYTAdBgNVHQ4EFgQUKN21id+MW36g3z2CcM3l
boR6R9EwHwYDVR0jBBgwFoAUKN21id+MW36g3z2CcM3lboR6R9EwDwYDVR0TAQH/
BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYwCgYIKoZIzj0EAwIDSAAwRQIgQhsk0xpM
TgYpey6nOA80XzfBIECjL0cpRe7KD3HwIpICIQC43K+h6TKiR/W+VkonuxsRHqIr
/SwHOI/wYkG1CY2KZA==
-----END CERTIFICATE-----
";
