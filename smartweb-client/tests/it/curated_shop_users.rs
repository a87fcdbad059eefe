//! Curated shop-catalogue and user calls against the scripted fake.

use crate::session_support;

use rust_decimal_macros::dec;
use session_support::{FakeShop, Seen, default_answer, ok};
use smartweb_client::api::fields;
use smartweb_client::{model, ops};

#[tokio::test]
async fn shop_catalogues_need_no_projection() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_GetWebinfo" => ok::<ops::SolutionGetWebinfo>(&Some(model::ShopWebinfo {
            product_prices_with_vat: Some(true),
            solution_id: Some("shop000000".to_owned()),
            ..Default::default()
        })),
        "VatGroup_GetAll" => ok::<ops::VatGroupGetAll>(&vec![model::VatGroup {
            id: Some(1),
            vat_percentage: Some(25),
            ..Default::default()
        }]),
        "Currency_GetAll" => ok::<ops::CurrencyGetAll>(&vec![model::Currency {
            iso: Some("DKK".to_owned()),
            currency: Some(dec!(1)),
            ..Default::default()
        }]),
        "OrderStatusCode_GetAll" => ok::<ops::OrderStatusCodeGetAll>(&vec![]),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let info = client.shop().webinfo().await.unwrap();
    assert_eq!(info.product_prices_with_vat, Some(true));
    assert_eq!(info.solution_id.as_deref(), Some("shop000000"));
    assert_eq!(
        client.shop().vat_groups().await.unwrap()[0].vat_percentage,
        Some(25)
    );
    assert_eq!(
        client.shop().currencies().await.unwrap()[0].currency,
        Some(dec!(1))
    );
    assert!(client.shop().order_status_codes().await.unwrap().is_empty());
    assert_eq!(
        shop.ops()[..2],
        ["Solution_Connect", "Solution_SetLanguage"]
    );
    assert!(!shop.ops().iter().any(|op| op.ends_with("SetFields")));
}

#[tokio::test]
async fn user_reads_apply_the_user_field_set() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "User_GetById" => ok::<ops::UserGetById>(&Some(model::User {
            id: Some(3),
            email: Some("kunde@example.com".to_owned()),
            ..Default::default()
        })),
        "User_GetByGroup" => ok::<ops::UserGetByGroup>(&vec![]),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let user = client.users().get(3).await.unwrap().unwrap();
    assert_eq!(user.email.as_deref(), Some("kunde@example.com"));
    assert!(client.users().by_group(2).await.unwrap().is_empty());
    let set: Vec<String> = shop
        .seen()
        .iter()
        .filter(|s| s.op == "User_SetFields")
        .map(|s| s.args::<ops::UserSetFields>().fields)
        .collect();
    assert_eq!(set, [fields::USER], "set once, before the first read");
}
