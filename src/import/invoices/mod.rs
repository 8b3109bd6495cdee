//! Supplier invoice readers: each returns invoices with their source, plus rejections.
