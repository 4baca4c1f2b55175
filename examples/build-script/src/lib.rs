//! A pet store client, generated at build time from `openapi.yaml` (see `build.rs`).

/// The types and the client of `openapi.yaml`.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

/// The name of pet `id`.
pub async fn pet_name(client: &api::Client, id: i64) -> Result<String, api::Error> {
    let response = client.get_pet().pet_id(id).send().await?;
    Ok(response.body.name)
}

/// A client for the pet store at `url`.
pub fn client(url: &str) -> Result<api::Client, api::Error> {
    api::Client::builder().endpoint(url).build()
}

/// A new pet to add.
pub fn new_pet(name: &str) -> api::types::NewPet {
    api::types::NewPet::new(name).with_kind(api::types::PetKind::Cat)
}
