//! `GET /self`: the account behind the token.

use serde_json::json;

use crate::mock::reply::Reply;
use crate::mock::state::State;

/// `{"user_account": {"id", "company_name", "address"}, "user": {…}}` (2018 spec, TPL, TOOLS).
pub(super) fn me(st: &State) -> Reply {
    Reply::ok(json!({
        "user_account": {
            "id": st.config.account_id,
            "company_name": st.config.company_name,
            "address": {"street": null, "city": null, "zipcode": null, "country": "Danmark"},
        },
        "user": {"id": 1, "name": "API", "email": null},
    }))
}
