"""The Scrapy project: settings, the portal registry, listing families and the spider."""
