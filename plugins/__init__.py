"""careerkit's built-in analyzers, installed as `careerkit_plugins`."""
