"""leadlink.synth."""
