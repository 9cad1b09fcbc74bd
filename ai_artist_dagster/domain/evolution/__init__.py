"""Evolution maths (pure): experiment arms and Thompson sampling, profile evolution from evidence."""
