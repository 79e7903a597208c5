"""Scale data and ratio benchmarks (../shared/performance.md). PostgreSQL only; not run by CI at scale."""
