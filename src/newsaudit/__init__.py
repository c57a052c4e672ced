"""newsaudit: audit scraped news pages."""
