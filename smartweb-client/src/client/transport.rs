//! One HTTP exchange: envelope out, envelope (or fault) in.
//!
//! Rules owned here: UTF-8 bodies with `charset=utf-8` (never `Solution_SetEncoding`);
//! SOAP 1.1 `SOAPAction` header or SOAP 1.2 `action` parameter; every `Set-Cookie` of every
//! response goes into the session's jar and the jar's cookies go out with every request;
//! a SOAP fault is a fault whatever the HTTP status (PHP answers faults with 500); the body
//! is read up to a limit, and a successful one is decoded as it arrives, so a large page is
//! never held whole as text. Bodies are never logged (the login carries the password).

use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};

use super::SmartWebClient;
use crate::Error;
use crate::soap::{self, Operation, SoapVersion};

/// Longest body excerpt kept in an [`Error::Http`] (characters).
const EXCERPT_CHARS: usize = 500;

impl SmartWebClient {
    /// Paces, sends `op` once with the jar's cookies, stores the answer's cookies, decodes.
    pub(crate) async fn exchange<O>(&self, jar: &Jar, op: &O) -> Result<O::Output, Error>
    where
        O: Operation + Sync,
    {
        let config = &self.inner.config;
        let body = soap::build_request(op, config.soap_version, config.nil_form);
        if let Some(pacer) = &self.inner.pacer {
            pacer.ready().await;
        }
        self.inner.counters.record(O::NAME);
        metrics::counter!(super::API_CALLS_METRIC, "system" => "smartweb", "operation" => O::NAME)
            .increment(1);
        tracing::debug!(operation = O::NAME, "SmartWeb request");

        let mut request = self
            .inner
            .http
            .post(config.endpoint.clone())
            .header(
                CONTENT_TYPE,
                soap::content_type(config.soap_version, O::NAME),
            )
            .body(body);
        if config.soap_version == SoapVersion::V11 {
            request = request.header("SOAPAction", format!("\"{}\"", soap::soap_action(O::NAME)));
        }
        if let Some(cookies) = jar.cookies(&config.endpoint) {
            request = request.header(COOKIE, cookies);
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| Error::Transport(Box::new(e.without_url())))?;

        let mut set_cookies = response.headers().get_all(SET_COOKIE).iter();
        jar.set_cookies(&mut set_cookies, response.url());
        let status = response.status();
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            metrics::counter!(super::RATE_LIMITED_METRIC, "system" => "smartweb", "operation" => O::NAME)
                .increment(1);
        }
        tracing::debug!(
            operation = O::NAME,
            status = status.as_u16(),
            "SmartWeb response"
        );

        let limit = config.max_response_bytes;
        if status.is_success() {
            let mut reader = soap::ResponseReader::<O>::new();
            read_body(&mut response, limit, |piece| reader.feed(piece)).await?;
            return reader.finish();
        }
        let mut body = Vec::new();
        read_body(&mut response, limit, |piece| {
            body.extend_from_slice(piece);
            Ok(())
        })
        .await?;
        // PHP's SoapServer sends faults with HTTP 500: a fault body is the real answer.
        match soap::parse_response::<O>(&body) {
            Err(fault) if fault.fault_code().is_some() => Err(fault),
            _ => Err(Error::Http {
                status: status.as_u16(),
                body_excerpt: excerpt(&body),
            }),
        }
    }
}

/// Hands each piece of the body to `each` as it arrives, failing as soon as the body
/// exceeds `limit` bytes.
async fn read_body(
    response: &mut reqwest::Response,
    limit: u64,
    mut each: impl FnMut(&[u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(Error::ResponseTooLarge { limit_bytes: limit });
    }
    let mut read: u64 = 0;
    while let Some(piece) = response
        .chunk()
        .await
        .map_err(|e| Error::Transport(Box::new(e.without_url())))?
    {
        read = read.saturating_add(piece.len() as u64);
        if read > limit {
            return Err(Error::ResponseTooLarge { limit_bytes: limit });
        }
        each(&piece)?;
    }
    Ok(())
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut cut: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn every_set_cookie_is_kept() {
        let jar = Jar::default();
        let url = url::Url::parse("http://127.0.0.1:8080/service.php").unwrap();
        let a = HeaderValue::from_static("PHPSESSID=abc; path=/; HttpOnly");
        let b = HeaderValue::from_static("lb=node7; path=/");
        jar.set_cookies(&mut [&a, &b].into_iter(), &url);
        let header = jar.cookies(&url).unwrap();
        let header = header.to_str().unwrap();
        assert!(header.contains("PHPSESSID=abc"), "{header}");
        assert!(header.contains("lb=node7"), "{header}");
    }
}
