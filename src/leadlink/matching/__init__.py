"""leadlink.matching."""
