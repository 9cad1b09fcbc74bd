-- One row per chart entry and trait (genre, mood, tempo, key) it carries; entries without
-- audio features carry no traits.
with joined as (
    select e.chart_date, e.source, e.position, e.song_key, e.weight,
           f.genre_family, f.mood, f.tempo_band, f.key_name
    from {{ ref('stg_chart_entries') }} as e
    join {{ ref('stg_audio_features') }} as f
      on f.source = e.source and f.song_key = e.song_key
)

select chart_date, source, position, song_key, weight, 'genre' as trait_type, genre_family as trait_value
from joined where genre_family is not null
union all
select chart_date, source, position, song_key, weight, 'mood', mood from joined where mood is not null
union all
select chart_date, source, position, song_key, weight, 'tempo', tempo_band from joined where tempo_band is not null
union all
select chart_date, source, position, song_key, weight, 'key', key_name from joined where key_name is not null
