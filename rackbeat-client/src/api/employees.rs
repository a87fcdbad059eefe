//! Employees: `/employees`.

use crate::api::{handler, list_and_get};
use crate::model::Employee;

handler!(
    /// Employees (`/employees`), from [`RackbeatClient::employees`](crate::RackbeatClient::employees).
    EmployeesHandler
);

list_and_get!(EmployeesHandler, Employee, "employees");
