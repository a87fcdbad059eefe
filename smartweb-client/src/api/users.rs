//! Customers (users) and customer groups.

use super::{SmartWebClient, fields};
use crate::client::Projection;
use crate::model::{User, UserCreate, UserGroup, UserGroupCreate, UserGroupUpdate, UserUpdate};
use crate::{Error, ops};

const PROJECTION: [(Projection, &str); 1] = [(Projection::User, fields::USER)];

/// User calls; from [`SmartWebClient::users`].
#[derive(Debug, Clone, Copy)]
pub struct UsersHandler<'a> {
    client: &'a SmartWebClient,
}

impl<'a> UsersHandler<'a> {
    pub(super) fn new(client: &'a SmartWebClient) -> Self {
        Self { client }
    }

    /// The user with `user_id` (all fields but `Password`); `None` for an empty result.
    pub async fn get(&self, user_id: i64) -> Result<Option<User>, Error> {
        let op = ops::UserGetById { user_id };
        self.client.call_with_projections(&PROJECTION, &op).await
    }

    /// The users of a customer group (`User_GetByGroup`).
    pub async fn by_group(&self, user_group_id: i64) -> Result<Vec<User>, Error> {
        let op = ops::UserGetByGroup { user_group_id };
        self.client.call_with_projections(&PROJECTION, &op).await
    }

    /// Creates a user (`User_Create`), returning its id.
    pub async fn create(&self, user: UserCreate) -> Result<i64, Error> {
        self.client.call(&ops::UserCreate { user_data: user }).await
    }

    /// Updates a user (`User_Update`; `Id` required), returning its id.
    pub async fn update(&self, user: UserUpdate) -> Result<i64, Error> {
        self.client.call(&ops::UserUpdate { user_data: user }).await
    }

    /// All customer groups (`User_GetGroupAll`); `Producer = true` marks a brands group.
    pub async fn groups(&self) -> Result<Vec<UserGroup>, Error> {
        self.client.call(&ops::UserGetGroupAll {}).await
    }

    /// One customer group (`User_GetGroupById`).
    pub async fn group(&self, user_group_id: i64) -> Result<Option<UserGroup>, Error> {
        self.client
            .call(&ops::UserGetGroupById { user_group_id })
            .await
    }

    /// Creates a customer group (`User_CreateGroup`), returning its id.
    pub async fn create_group(&self, group: UserGroupCreate) -> Result<i64, Error> {
        self.client
            .call(&ops::UserCreateGroup {
                user_group_data: group,
            })
            .await
    }

    /// Updates a customer group (`User_UpdateGroup`), returning its id.
    pub async fn update_group(&self, group: UserGroupUpdate) -> Result<i64, Error> {
        self.client
            .call(&ops::UserUpdateGroup {
                user_group_data: group,
            })
            .await
    }
}
