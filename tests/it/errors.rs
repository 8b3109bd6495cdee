//! The error catalogue: one reproducer per rejection reason (see docs/ERRORS.md).
