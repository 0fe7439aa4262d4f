int aanvraag_nummer;
