"""Personal data in the API: `requestDataExport`."""
