//! Error bodies, read as Huawei Cloud's official SDKs read them.

use hcgen_runtime::{ErrorDetails, scalar_text};
use serde_json::Value;

/// The error code and message of an error body: the first complete pair of `error_code` /
/// `error_msg`, `errorCode` / `errorMsg` or `code` / `message`, otherwise searched in nested
/// objects (where a later match wins); `encoded_authorization_message` is kept as a detail.
pub fn error_details(body: &[u8]) -> ErrorDetails {
    let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) else {
        return ErrorDetails::default();
    };
    let (code, message) = match find_pair(&obj) {
        Some((c, m)) => (Some(c), Some(m)),
        None => (None, None),
    };
    let extra = obj
        .get("encoded_authorization_message")
        .map(|v| vec![("encoded_authorization_message".to_owned(), scalar_text(v))])
        .unwrap_or_default();
    ErrorDetails {
        code,
        message,
        extra,
    }
}

/// The first complete (code, message) pair, or one found in nested objects.
fn find_pair(obj: &serde_json::Map<String, Value>) -> Option<(String, String)> {
    for (c, m) in [
        ("error_code", "error_msg"),
        ("errorCode", "errorMsg"),
        ("code", "message"),
    ] {
        if let (Some(cv), Some(mv)) = (obj.get(c), obj.get(m)) {
            return Some((scalar_text(cv), scalar_text(mv)));
        }
    }
    let mut found = None;
    for v in obj.values() {
        if let Value::Object(inner) = v
            && let Some(pair) = find_pair(inner)
        {
            found = Some(pair);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcgen_runtime::ServiceError;
    use http::{HeaderMap, StatusCode};

    fn parse(status: u16, rid: Option<&str>, body: &str) -> ServiceError {
        let mut h = HeaderMap::new();
        if let Some(r) = rid {
            h.insert("x-request-id", r.parse().unwrap());
        }
        let body = hcgen_runtime::Bytes::from(body.to_owned());
        let details = error_details(&body);
        ServiceError::new(StatusCode::from_u16(status).unwrap(), h, body, details)
    }

    #[test]
    fn official_sdk_error_table() {
        // (status, request id, body) -> (code, msg), from the official SDK's observed behaviour.
        let cases: &[(u16, Option<&str>, &str, &str, &str)] = &[
            (
                400,
                Some("req-400-6302-0001"),
                r#"{"error_code":"BackupService.6302","error_msg":"The destination vault does not exist or is unavailable."}"#,
                "BackupService.6302",
                "The destination vault does not exist or is unavailable.",
            ),
            (
                500,
                Some("req-500-text-0001"),
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
                "500",
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
            ),
            (502, None, "", "502", ""),
            (
                401,
                Some("req-401-apigw"),
                r#"{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}"#,
                "APIGW.0301",
                "Incorrect IAM authentication information",
            ),
            (
                403,
                None,
                r#"{"error":{"code":"CBR.0403","message":"Forbidden by policy"}}"#,
                "CBR.0403",
                "Forbidden by policy",
            ),
            (
                400,
                None,
                r#"{"errorCode":"X.1","errorMsg":"camel"}"#,
                "X.1",
                "camel",
            ),
            (
                404,
                None,
                r#"{"error_msg":"no error_code here"}"#,
                "404",
                r#"{"error_msg":"no error_code here"}"#,
            ),
            (
                400,
                None,
                r#"{"error_code":6302,"error_msg":"numeric code"}"#,
                "6302",
                "numeric code",
            ),
            (
                400,
                None,
                r#"["not","an","object"]"#,
                "400",
                r#"["not","an","object"]"#,
            ),
        ];
        for (status, rid, body, code, msg) in cases {
            let e = parse(*status, *rid, body);
            assert_eq!(e.status.as_u16(), *status);
            assert_eq!(e.request_id.as_deref(), *rid);
            assert_eq!(e.error_code, *code, "body {body}");
            assert_eq!(e.error_msg, *msg, "body {body}");
        }
    }

    #[test]
    fn encoded_authorization_message_is_kept() {
        let e = parse(
            403,
            Some("r"),
            r#"{"error_code":"IAM.0002","error_msg":"Unauthorized","encoded_authorization_message":"abc"}"#,
        );
        assert_eq!(e.detail("encoded_authorization_message"), Some("abc"));
        assert_eq!(e.error_code, "IAM.0002");
    }
}
