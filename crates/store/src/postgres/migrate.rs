//! The schema, embedded in the binary and brought up to date on connect.

use tokio_postgres::Client;

use crate::StoreError;

/// Every migration, in order; a database records the versions it has applied.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/postgres/0001_init.sql")),
    (
        2,
        include_str!("../../migrations/postgres/0002_shared_jobs.sql"),
    ),
];

/// Serialises migrations of workers that start at the same time ("riptide" in ASCII).
const MIGRATION_LOCK: i64 = 0x0072_6970_7469_6465;

/// Applies the migrations this database lacks, in one transaction under an
/// advisory lock, so that many workers starting at once migrate exactly once.
/// A database migrated by a newer riptide is left alone and reported.
pub(crate) async fn migrate(
    client: &mut Client,
) -> Result<Result<(), StoreError>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS riptide_migrations (
             version    BIGINT PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )
    .await?;
    let found: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM riptide_migrations",
            &[],
        )
        .await?
        .get(0);
    let expected = MIGRATIONS.last().map_or(0, |(version, _)| *version);
    if found > expected {
        return Ok(Err(StoreError::SchemaVersion { found, expected }));
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO riptide_migrations (version) VALUES ($1)",
            &[version],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}
