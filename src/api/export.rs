//! Server-side exports (CONTRACT §3.9), strict. They need the Bearer header, so the page
//! fetches them here and saves the text through `crate::dom::download`.

use super::models::ServersExport;
use super::{ApiError, Client, Req};

/// `GET /api/v1/export/servers.json`: every server (B6: no filter is reliable server-side) and
/// the file name from `Content-Disposition`, if any.
pub async fn servers_json(client: Client) -> Result<(ServersExport, Option<String>), ApiError> {
    let raw = client
        .execute(Req::get("/api/v1/export/servers.json"))
        .await?;
    let name = raw
        .content_disposition
        .as_deref()
        .and_then(crate::csv::disposition_filename);
    Ok((raw.decode()?, name))
}
