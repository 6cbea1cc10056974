-- Smallest valid scenario: everything else takes its default.
segment "everyone" {}
journey "visit" { touchpoint "shop" {} }
