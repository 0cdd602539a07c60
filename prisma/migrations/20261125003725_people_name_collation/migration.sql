-- People registry: residents' names compare byte-wise (collation "C").
--
-- Name search is a prefix search (`name LIKE '王%'`, Prisma's startsWith) shown in name
-- order. Under a linguistic collation a btree on name can serve the order but not the
-- prefix, and a text_pattern_ops index the prefix but not the order, so a search for a
-- common surname across a county read the name index until it reached that surname:
-- seconds at 1,000,000 residents. With "C" one btree serves both, for the whole territory
-- (Resident_name_idx) and for one grid (Resident_gridId_name_id_live_idx). Names then sort
-- by code point, which groups them by surname character.
ALTER TABLE "Resident" ALTER COLUMN "name" TYPE VARCHAR(64) COLLATE "C";

-- Made redundant by the collation above.
DROP INDEX IF EXISTS "Resident_name_pattern_idx";
