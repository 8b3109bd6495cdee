//! Booking: parsed files → fiscal years of unique, balanced entries.
