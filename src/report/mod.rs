//! Reports: pure builders (statements, discrepancies) and the writer, the only module that writes files.
