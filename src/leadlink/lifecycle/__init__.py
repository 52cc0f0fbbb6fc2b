"""leadlink.lifecycle."""
