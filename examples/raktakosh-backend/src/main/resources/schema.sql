-- The back end's tables, created at start-up when missing (spring.sql.init.mode: always).
-- Plain SQL that both H2 and PostgreSQL accept: no vendor types, no vendor functions.
-- Blood groups are stored as their labels ('O-'), statuses in capitals ('OPEN').

CREATE TABLE IF NOT EXISTS donor (
  id VARCHAR(36) PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  blood_group VARCHAR(3) NOT NULL,
  city VARCHAR(100) NOT NULL,
  phone VARCHAR(32) NOT NULL,
  registered_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX IF NOT EXISTS donor_blood_group ON donor (blood_group);

CREATE TABLE IF NOT EXISTS blood_request (
  id VARCHAR(36) PRIMARY KEY,
  blood_group VARCHAR(3) NOT NULL,
  units INTEGER NOT NULL CHECK (units BETWEEN 1 AND 50),
  hospital VARCHAR(200) NOT NULL,
  city VARCHAR(100) NOT NULL,
  needed_by DATE,
  status VARCHAR(10) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  fulfilled_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX IF NOT EXISTS blood_request_status ON blood_request (status);

-- One row per blood group, never deleted: stock changes are single UPDATEs, whose WHERE clause
-- (units >= wanted) is what keeps two concurrent fulfilments from taking the same units.
CREATE TABLE IF NOT EXISTS inventory (
  blood_group VARCHAR(3) PRIMARY KEY,
  units INTEGER NOT NULL CHECK (units BETWEEN 0 AND 10000)
);

INSERT INTO inventory (blood_group, units)
SELECT g.blood_group, 0
FROM (VALUES ('A+'), ('A-'), ('B+'), ('B-'), ('AB+'), ('AB-'), ('O+'), ('O-')) AS g (blood_group)
WHERE NOT EXISTS (SELECT 1 FROM inventory i WHERE i.blood_group = g.blood_group);
