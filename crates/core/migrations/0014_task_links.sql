-- Schema version 14: a referral's chases found through their own link. Moving a referral on looks
-- for its open chase; without this index that read every open task, so each step took longer the
-- more tasks there were (seeding 100,000 clients slowed to a crawl).
CREATE INDEX tasks_referral ON tasks(referral_id) WHERE referral_id IS NOT NULL;
