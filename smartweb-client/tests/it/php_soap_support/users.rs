//! Customers (users) and customer groups.

use smartweb_client::api::fields;
use smartweb_client::model::{
    User, UserCreate, UserGroup, UserGroupCreate, UserGroupUpdate, UserUpdate,
};

use super::log::{arg, boolean, call, int, object, password, text};
use super::{Run, empty, ok, s};

/// Anna Holm's account: every field but `Password`, which the client never asks for.
fn anna() -> User {
    User {
        id: Some(7),
        username: s("anna@holmdesign.example"),
        user_group_id: Some(2),
        r#type: s("company"),
        company: s("Holm Design ApS"),
        cvr: s("12345678"),
        ean: s("5790001234567"),
        firstname: s("Anna"),
        lastname: s("Holm"),
        sex: Some(2),
        address: s("Nørregade 4"),
        zip: s("1165"),
        city: s("København K"),
        country: s("Denmark"),
        country_code: Some(1),
        currency: s("DKK"),
        phone: s("+45 20 30 40 50"),
        email: s("anna@holmdesign.example"),
        discount_group_id: Some(0),
        newsletter: Some(true),
        birth_date: s("0000-00-00"),
        date_created: s("2025-06-01 09:00:00"),
        date_updated: s("2026-11-01 10:00:00"),
        approved: Some(true),
        language_iso: s("DK"),
        language_access: vec!["DK".to_owned()],
        interest_fields: vec![4],
        number: s("C-1007"),
        site: Some(1),
        shipping_firstname: s("Peter"),
        shipping_lastname: s("Holm"),
        shipping_address: s("Skovvej 2"),
        shipping_zip: s("8600"),
        shipping_city: s("Silkeborg"),
        shipping_country: s("Denmark"),
        shipping_country_code: Some(1),
        consent: Some(true),
        consent_date: s("2025-06-01 09:00:00"),
        ..Default::default()
    }
}

fn customers() -> UserGroup {
    UserGroup {
        description: empty(),
        id: Some(1),
        interest_fields: vec![],
        parent_id: Some(0),
        producer: Some(false),
        language_iso: s("DK"),
        title: s("Kunder"),
        sorting: Some(0),
    }
}

fn resellers() -> UserGroup {
    UserGroup {
        description: s("Erhvervskunder med forhandlerpriser"),
        id: Some(2),
        interest_fields: vec![4],
        parent_id: Some(0),
        producer: Some(false),
        language_iso: s("DK"),
        title: s("Forhandlere"),
        sorting: Some(1),
    }
}

pub async fn run(run: &mut Run<'_>) {
    let client = run.client.clone();
    let users = client.users();

    let user = users.get(7).await;
    run.arrived(
        "user 7",
        vec![
            call("User_SetFields", vec![arg("Fields", text(fields::USER))]),
            call("User_GetById", vec![arg("UserId", int(7))]),
        ],
    );
    run.eq("user 7 (no Password)", &ok(user), &Ok(Some(anna())));

    let missing = users.get(99).await;
    run.arrived(
        "user 99",
        vec![call("User_GetById", vec![arg("UserId", int(99))])],
    );
    run.eq("user 99", &ok(missing), &Ok(None));

    let group = users.by_group(2).await;
    run.arrived(
        "users of group 2",
        vec![call("User_GetByGroup", vec![arg("UserGroupId", int(2))])],
    );
    run.eq(
        "users of group 2 (a one-item array)",
        &ok(group),
        &Ok(vec![anna()]),
    );

    let new_password = "Velkommen&1<2>";
    let created = users
        .create(UserCreate {
            username: s("mette@cafe.example"),
            password: s(new_password),
            user_group_id: Some(1),
            firstname: s("Mette"),
            lastname: s("Lund"),
            country_code: Some(1),
            email: s("mette@cafe.example"),
            newsletter: Some(true),
            consent: Some(true),
            consent_date: s("2026-11-20 10:00:00"),
            ..Default::default()
        })
        .await;
    run.arrived(
        "user create",
        vec![call(
            "User_Create",
            vec![arg(
                "UserData",
                object(vec![
                    arg("Username", text("mette@cafe.example")),
                    arg("Password", password(new_password)),
                    arg("UserGroupId", int(1)),
                    arg("Firstname", text("Mette")),
                    arg("Lastname", text("Lund")),
                    arg("CountryCode", int(1)),
                    arg("Email", text("mette@cafe.example")),
                    arg("Newsletter", boolean(true)),
                    arg("Consent", boolean(true)),
                    arg("ConsentDate", text("2026-11-20 10:00:00")),
                ]),
            )],
        )],
    );
    run.eq("user create", &ok(created), &Ok(9));

    let updated = users
        .update(UserUpdate {
            id: Some(8),
            phone: s("+45 11 22 33 44"),
            newsletter: Some(true),
            ..Default::default()
        })
        .await;
    run.arrived(
        "user update",
        vec![call(
            "User_Update",
            vec![arg(
                "UserData",
                object(vec![
                    arg("Id", int(8)),
                    arg("Phone", text("+45 11 22 33 44")),
                    arg("Newsletter", boolean(true)),
                ]),
            )],
        )],
    );
    run.eq("user update", &ok(updated), &Ok(8));

    let groups = users.groups().await;
    run.arrived("customer groups", vec![call("User_GetGroupAll", vec![])]);
    run.eq(
        "customer groups",
        &ok(groups),
        &Ok(vec![customers(), resellers()]),
    );

    let group = users.group(2).await;
    run.arrived(
        "customer group 2",
        vec![call("User_GetGroupById", vec![arg("UserGroupId", int(2))])],
    );
    run.eq("customer group 2", &ok(group), &Ok(Some(resellers())));

    let missing = users.group(5).await;
    run.arrived(
        "customer group 5",
        vec![call("User_GetGroupById", vec![arg("UserGroupId", int(5))])],
    );
    run.eq("customer group 5", &ok(missing), &Ok(None));

    let created = users
        .create_group(UserGroupCreate {
            description: s("Caféer & restauranter"),
            parent_id: Some(0),
            producer: Some(false),
            language_iso: s("DK"),
            title: s("Caféer"),
            sorting: Some(2),
        })
        .await;
    run.arrived(
        "customer group create",
        vec![call(
            "User_CreateGroup",
            vec![arg(
                "UserGroupData",
                object(vec![
                    arg("Description", text("Caféer & restauranter")),
                    arg("ParentId", int(0)),
                    arg("Producer", boolean(false)),
                    arg("LanguageISO", text("DK")),
                    arg("Title", text("Caféer")),
                    arg("Sorting", int(2)),
                ]),
            )],
        )],
    );
    run.eq("customer group create", &ok(created), &Ok(3));

    let updated = users
        .update_group(UserGroupUpdate {
            id: Some(2),
            title: s("Forhandlere (B2B)"),
            ..Default::default()
        })
        .await;
    run.arrived(
        "customer group update",
        vec![call(
            "User_UpdateGroup",
            vec![arg(
                "UserGroupData",
                object(vec![
                    arg("Id", int(2)),
                    arg("Title", text("Forhandlere (B2B)")),
                ]),
            )],
        )],
    );
    run.eq("customer group update", &ok(updated), &Ok(2));
}
