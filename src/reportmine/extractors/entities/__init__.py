"""Entity extractors: places (with division codes) and the links of facts to them."""
