//! [`JsonBody`]: a JSON body whose rejections (bad JSON, wrong type, too
//! large) answer in the API's error shape instead of axum's plain text.

use axum::Json;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde_json::Value;

use crate::AppError;
use crate::state::AppState;

/// The request body as JSON.
pub struct JsonBody(pub Value);

impl FromRequest<AppState> for JsonBody {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        match Json::<Value>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::PayloadTooLarge(state.config().max_body_bytes))
            }
            Err(rejection) => Err(AppError::BadRequest(rejection.body_text())),
        }
    }
}
