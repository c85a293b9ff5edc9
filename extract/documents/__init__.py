"""Report files (PDF, Word, WPS, spreadsheets, scans) read into the text the report parser reads."""
