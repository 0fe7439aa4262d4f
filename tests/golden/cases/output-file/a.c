int etnische_groep;
