"""leadlink.store."""
