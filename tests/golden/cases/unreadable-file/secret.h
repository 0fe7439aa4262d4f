int etniciteit;
