//! Figures derived from a whole table (products per group, quantities held by booked orders),
//! kept until that table changes, so rendering one row of a long list costs O(1) instead of a
//! scan of the table.

use std::cell::RefCell;
use std::collections::HashMap;

use rust_decimal::Decimal;

/// The caches of one fake. Each is keyed by the [`generation`](super::state::Table::generation)
/// of the table it is built from.
#[derive(Debug, Default)]
pub(crate) struct Derived {
    /// Product group number (`None`: no group) → how many products name it.
    pub(crate) group_sizes: Memo<HashMap<Option<i64>, usize>>,
    /// Item number → Σ quantity on the lines of reserving orders.
    pub(crate) reserved: Memo<HashMap<String, Decimal>>,
}

/// A value built from one table, valid for one generation of it.
#[derive(Debug)]
pub(crate) struct Memo<T> {
    cell: RefCell<Option<(u64, T)>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self {
            cell: RefCell::new(None),
        }
    }
}

impl<T> Memo<T> {
    /// Reads the value built for `generation`, building it first when missing or stale.
    /// `build` must not read this memo.
    pub(crate) fn read<R>(
        &self,
        generation: u64,
        build: impl FnOnce() -> T,
        read: impl FnOnce(&T) -> R,
    ) -> R {
        let mut cell = self.cell.borrow_mut();
        if let Some((built_for, value)) = &*cell
            && *built_for == generation
        {
            return read(value);
        }
        let value = build();
        let out = read(&value);
        *cell = Some((generation, value));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_rebuilds_only_for_a_new_generation() {
        let memo = Memo::<u32>::default();
        let mut builds = 0;
        for (generation, want) in [(1, 10), (1, 10), (2, 20), (2, 20)] {
            let got = memo.read(
                generation,
                || {
                    builds += 1;
                    u32::try_from(generation).unwrap() * 10
                },
                |v| *v,
            );
            assert_eq!(got, want);
        }
        assert_eq!(builds, 2);
    }
}
