"""leadlink.io."""
