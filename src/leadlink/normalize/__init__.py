"""leadlink.normalize."""
