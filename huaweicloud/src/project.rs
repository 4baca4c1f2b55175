//! `{project_id}`: what generated operations of the Huawei Cloud profile call for it.

use crate::credentials::{ProjectScope, TokenCredentials, project_id_of};
use hcgen_runtime::{ClientCore, RequestBuilder};

/// The project of the client's credentials, for a `{project_id}` the caller left unset.
pub fn project_id(core: &ClientCore) -> Option<String> {
    project_id_of(core.credentials()?).map(str::to_owned)
}

/// Scopes `request` to `project_id` (the value of its `{project_id}` path parameter), so that
/// AK/SK credentials send and sign it as `X-Project-Id`. The scope is attached for AK/SK and
/// custom credentials; without credentials, or with a token (which carries its project in
/// itself), nobody reads it and nothing is attached.
pub fn scope(request: &mut RequestBuilder<'_>, project_id: &str) {
    let Some(credentials) = request.core().credentials() else {
        return;
    };
    let token = credentials.downcast_ref::<TokenCredentials>().is_some()
        || credentials
            .downcast_ref::<hcgen_runtime::TokenCredentials>()
            .is_some();
    if !token {
        request.extension(ProjectScope(project_id.to_owned()));
    }
}
