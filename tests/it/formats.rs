//! Every export type and format of the sample gives Paheko's figures.
