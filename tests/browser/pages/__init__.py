"""Page objects: a journey's steps as a person takes them."""
