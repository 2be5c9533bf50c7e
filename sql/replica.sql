-- statreturn replica contract.
--
-- Creates, in an empty database, every table statreturn reads, with the table
-- and column names of the Standard Safeguarding Dataset (SSD, Data to Insight,
-- data/objects/*.yml).  A council whose replica already follows SSD points the
-- tool at it; one whose replica differs maps it with views of these names.
--
--   psql -v ON_ERROR_STOP=1 -f sql/replica.sql
--
-- Each return adds its tables through its own file; statreturn checks the
-- columns it needs when it connects (see src/io/contract.c), so a view that
-- supplies them is as good as a table.

\set ON_ERROR_STOP on
\ir cin.sql
\ir cla.sql
\ir families.sql
