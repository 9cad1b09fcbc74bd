-- Momentum of each trait on each chart date: its weighted share of the chart today minus its
-- mean share over the previous 7 days (0 on days it was absent). Positive = rising.
with weights as (
    select chart_date, source, trait_type, trait_value, count(*) as n_tracks, sum(weight) as weight
    from {{ ref('int_chart_traits') }}
    group by chart_date, source, trait_type, trait_value
),

shares as (
    select *, weight / sum(weight) over (partition by chart_date, source, trait_type) as share
    from weights
),

dates as (
    select distinct chart_date, source from shares
),

history as (
    select cur.chart_date, cur.source, count(*) as history_days
    from dates as cur
    join dates as past
      on past.source = cur.source
     and past.chart_date >= cur.chart_date - interval 7 day
     and past.chart_date < cur.chart_date
    group by cur.chart_date, cur.source
),

past_shares as (
    select cur.chart_date, cur.source, s.trait_type, s.trait_value, sum(s.share) as share_sum
    from dates as cur
    join shares as s
      on s.source = cur.source
     and s.chart_date >= cur.chart_date - interval 7 day
     and s.chart_date < cur.chart_date
    group by cur.chart_date, cur.source, s.trait_type, s.trait_value
),

combined as (
    select
        coalesce(t.chart_date, p.chart_date) as chart_date,
        coalesce(t.source, p.source) as source,
        coalesce(t.trait_type, p.trait_type) as trait_type,
        coalesce(t.trait_value, p.trait_value) as trait_value,
        coalesce(t.n_tracks, 0) as n_tracks,
        coalesce(t.share, 0) as share,
        p.share_sum
    from shares as t
    full outer join past_shares as p
      on p.chart_date = t.chart_date and p.source = t.source
     and p.trait_type = t.trait_type and p.trait_value = t.trait_value
)

select
    c.chart_date,
    c.source,
    c.trait_type,
    c.trait_value,
    c.n_tracks,
    c.share,
    coalesce(h.history_days, 0) as history_days,
    case when h.history_days > 0 then coalesce(c.share_sum, 0) / h.history_days else c.share end as prev_share,
    c.share - (case when h.history_days > 0 then coalesce(c.share_sum, 0) / h.history_days else c.share end)
        as momentum,
    c.chart_date || '|' || c.source || '|' || c.trait_type || '|' || c.trait_value as trait_momentum_id
from combined as c
left join history as h on h.chart_date = c.chart_date and h.source = c.source
where c.chart_date in (select chart_date from dates as d where d.source = c.source)
