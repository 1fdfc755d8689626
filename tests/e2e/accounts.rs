//! Accounts: adding, switching, renewing and removing (see the accounts issue).
