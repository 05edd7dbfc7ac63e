"""Language rules: Chinese sentence splitting, numbers and dates."""
