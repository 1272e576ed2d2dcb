-- How many rows of this load go into the store.
SELECT count(*) FROM _accepted
