//! AK/SK credentials.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// Permanent (AK/SK) or temporary (AK/SK + security token) Huawei Cloud credentials.
///
/// The secret key and the security token are held in [`SecretString`]s: they are zeroed on
/// drop, and neither `Debug` nor any other formatting of an `AkSk` ever shows them.
///
/// ```
/// let creds = hcgen_signer::AkSk::new("HPUATESTAKEXAMPLE0001", "my-secret-key")
///     .with_security_token("my-session-token");
/// assert_eq!(creds.ak(), "HPUATESTAKEXAMPLE0001");
/// let shown = format!("{creds:?}");
/// assert!(shown.contains("HPUATESTAKEXAMPLE0001"));
/// assert!(!shown.contains("my-secret-key") && !shown.contains("my-session-token"));
/// ```
#[derive(Clone)]
pub struct AkSk {
    ak: String,
    sk: SecretString,
    security_token: Option<SecretString>,
}

impl AkSk {
    /// Permanent credentials: an access key id (AK) and its secret access key (SK).
    pub fn new(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        Self {
            ak: ak.into(),
            sk: SecretString::from(sk.into()),
            security_token: None,
        }
    }

    /// Turns these into temporary credentials: [`sign`](crate::sign) then sends the token
    /// as `X-Security-Token` and signs it, as the official SDK does.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(SecretString::from(token.into()));
        self
    }

    /// The access key id (not a secret: it is sent in every `Authorization` header).
    pub fn ak(&self) -> &str {
        &self.ak
    }

    /// Whether these are temporary credentials (they have a security token).
    pub fn has_security_token(&self) -> bool {
        self.security_token.is_some()
    }

    pub(crate) fn sk(&self) -> &str {
        self.sk.expose_secret()
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.security_token.as_ref().map(|t| t.expose_secret())
    }
}

impl fmt::Debug for AkSk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSk")
            .field("ak", &self.ak)
            .field("sk", &"***")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "***"),
            )
            .finish()
    }
}
