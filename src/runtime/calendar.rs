//! Working days (APL Art. 85: the law's day periods are working days) and their dates.

/// A civil date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Date {
    /// Parse `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.split('-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        if it.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date { y, m, d })
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn to_days(self) -> i64 {
        let y = if self.m <= 2 { self.y - 1 } else { self.y } as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.m as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Date { y, m, d }
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u32 {
        (self.to_days() + 3).rem_euclid(7) as u32
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A case calendar: day 0 is the start date; working days skip weekends and holidays.
#[derive(Debug, Clone)]
pub struct Calendar {
    start: Option<Date>,
    holidays: Vec<Date>,
}

impl Calendar {
    pub fn new(start: Option<Date>, holidays: Vec<Date>) -> Self {
        Calendar { start, holidays }
    }

    /// The date of working day `n` (day 0 is the start date itself).
    pub fn date_of(&self, n: u32) -> Option<Date> {
        let mut day = self.start?.to_days();
        let mut left = n;
        while left > 0 {
            day += 1;
            let d = Date::from_days(day);
            if d.weekday() < 5 && !self.holidays.contains(&d) {
                left -= 1;
            }
        }
        Some(Date::from_days(day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_skip_weekends() {
        let d = Date::parse("2026-03-02").unwrap();
        assert_eq!(d.weekday(), 0, "2026-03-02 is a Monday");
        assert_eq!(Date::from_days(d.to_days()), d);
        let cal = Calendar::new(Some(d), vec![Date::parse("2026-03-04").unwrap()]);
        assert_eq!(cal.date_of(0).unwrap().to_string(), "2026-03-02");
        assert_eq!(cal.date_of(2).unwrap().to_string(), "2026-03-05");
        assert_eq!(cal.date_of(5).unwrap().to_string(), "2026-03-10");
        assert!(Date::parse("2026-02-30").is_none());
    }
}
