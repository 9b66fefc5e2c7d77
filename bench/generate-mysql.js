// A mysqldump-style MySQL schema of about `tables` tables, in blocks of ten related tables.
export function generateMysqlDump(tables) {
  const out = [
    '-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)',
    '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
    '/*!40101 SET NAMES utf8mb4 */;',
    'CREATE TABLE `companies` (\n  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n  `name` varchar(255) NOT NULL,\n  `created_at` timestamp NULL DEFAULT NULL,\n  `updated_at` timestamp NULL DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
  ];
  const blocks = Math.max(1, Math.round((tables - 1) / 10));
  for (let b = 0; b < blocks; b++) {
    const s = `_${b}`;
    const t = (name, cols, keys = []) =>
      `CREATE TABLE \`${name}${s}\` (\n  \`id\` bigint unsigned NOT NULL AUTO_INCREMENT,\n  \`company_id\` bigint unsigned NOT NULL,\n${cols.map((c) => `  ${c},\n`).join('')}  \`created_at\` timestamp NULL DEFAULT NULL,\n  \`updated_at\` timestamp NULL DEFAULT NULL,\n  PRIMARY KEY (\`id\`),\n  KEY \`${name}${s}_company_id_foreign\` (\`company_id\`),\n${keys.map((k) => `  ${k},\n`).join('')}  CONSTRAINT \`${name}${s}_company_id_foreign\` FOREIGN KEY (\`company_id\`) REFERENCES \`companies\` (\`id\`) ON DELETE CASCADE\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;`;
    out.push(
      t('branches', ['`name` varchar(255) NOT NULL', '`phone` varchar(50) DEFAULT NULL']),
      t('services', ['`branch_id` bigint unsigned DEFAULT NULL', '`name` varchar(255) NOT NULL', '`price` double NOT NULL', '`duration_minutes` int NOT NULL'], [`CONSTRAINT \`services${s}_branch_id_foreign\` FOREIGN KEY (\`branch_id\`) REFERENCES \`branches${s}\` (\`id\`) ON DELETE SET NULL`]),
      t('staff', ['`branch_id` bigint unsigned NOT NULL', '`email` varchar(255) NOT NULL', '`calcom_user_id` varchar(255) DEFAULT NULL'], [`UNIQUE KEY \`staff${s}_email_unique\` (\`email\`)`]),
      t('customers', ['`email` varchar(255) DEFAULT NULL', '`phone` varchar(50) DEFAULT NULL', '`notes` text', '`deleted_at` timestamp NULL DEFAULT NULL']),
      t('appointments', ['`customer_id` bigint unsigned NOT NULL', '`service_id` bigint unsigned NOT NULL', '`starts_at` datetime NOT NULL', '`ends_at` datetime NOT NULL', "`status` enum('pending','confirmed','cancelled') NOT NULL DEFAULT 'pending'", '`metadata` json DEFAULT NULL']),
      t('calls', ['`customer_id` bigint unsigned DEFAULT NULL', '`duration_sec` int DEFAULT NULL', '`cost` decimal(10,2) DEFAULT NULL', '`transcript` longtext']),
      t('invoices', ['`customer_id` bigint unsigned NOT NULL', '`total` decimal(12,2) NOT NULL', '`paid_at` datetime DEFAULT NULL']),
      t('payments', ['`invoice_id` bigint unsigned NOT NULL', '`amount` decimal(12,2) NOT NULL', '`provider_ref` varchar(191) NOT NULL'], [`UNIQUE KEY \`payments${s}_provider_ref_unique\` (\`provider_ref\`)`]),
      t('notes', ['`customer_id` bigint unsigned NOT NULL', '`body` text NOT NULL']),
      t('service_staff', ['`service_id` bigint unsigned NOT NULL', '`staff_id` bigint unsigned NOT NULL', '`is_primary` tinyint(1) NOT NULL DEFAULT 0'], [`UNIQUE KEY \`service_staff${s}_unique\` (\`service_id\`,\`staff_id\`)`]),
    );
  }
  return `${out.join('\n\n')}\n`;
}
