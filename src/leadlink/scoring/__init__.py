"""leadlink.scoring."""
