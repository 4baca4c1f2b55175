//! The profile: how Huawei Cloud maps a region to an endpoint and writes its error bodies.

use crate::errors::error_details;
use hcgen_runtime::{Error, ErrorDetails, Profile};

/// The Huawei Cloud profile of a generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HuaweiCloud {
    /// The service ID of the official SDKs' endpoint override variables, e.g. `CBR` in
    /// `HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_4`.
    pub service: &'static str,
}

impl HuaweiCloud {
    /// The environment variable that overrides the endpoint of `region`:
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, upper-case, `-` as `_`.
    pub fn region_variable(&self, region: &str) -> String {
        format!(
            "HUAWEICLOUD_SDK_REGION_{}_{}",
            self.service.to_ascii_uppercase(),
            region.to_ascii_uppercase().replace('-', "_")
        )
    }
}

impl Profile for HuaweiCloud {
    /// The first endpoint of the comma-separated list in the override variable, as the
    /// official SDKs read it.
    fn region_endpoint(&self, region: &str) -> Result<Option<String>, Error> {
        let var = self.region_variable(region);
        let Ok(value) = std::env::var(&var) else {
            return Ok(None);
        };
        match value.split(',').map(str::trim).find(|s| !s.is_empty()) {
            Some(url) => Ok(Some(url.to_owned())),
            None => Err(Error::Config(format!("{var} is set but holds no endpoint"))),
        }
    }

    fn error_details(&self, body: &[u8]) -> ErrorDetails {
        error_details(body)
    }

    /// Huawei Cloud's own shape, `{"error_code", "error_msg"}`.
    #[cfg(feature = "test-util")]
    fn mock_error_body(&self, code: &str, message: &str) -> Vec<u8> {
        serde_json::json!({ "error_code": code, "error_msg": message })
            .to_string()
            .into_bytes()
    }
}
