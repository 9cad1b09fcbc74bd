-- Audio features with derived, human-readable traits: a genre family, a mood quadrant
-- (valence x energy), a tempo band and a key name.
with features as (
    select
        *,
        lower(array_to_string(genres, '|')) as genre_text
    from {{ source('warehouse', 'audio_features') }}
)

select
    source,
    song_key,
    genres,
    tempo,
    key,
    mode,
    energy,
    valence,
    danceability,
    case
        when genre_text = '' then null
        when genre_text like '%k-pop%' then 'k-pop'
        when genre_text like '%opm%' or genre_text like '%pinoy%' or genre_text like '%tagalog%' then 'opm'
        when genre_text like '%latin%' or genre_text like '%reggaeton%' then 'latin'
        when genre_text like '%hip hop%' or genre_text like '%hip-hop%' or genre_text like '%rap%' or genre_text like '%trap%' then 'hip hop'
        when genre_text like '%r&b%' or genre_text like '%rnb%' or genre_text like '%soul%' then 'r&b'
        when genre_text like '%country%' then 'country'
        when genre_text like '%edm%' or genre_text like '%house%' or genre_text like '%electro%'
            or genre_text like '%tropical%' then 'electronic'
        when genre_text like '%rock%' or genre_text like '%punk%' or genre_text like '%metal%'
            or genre_text like '%indie%' or genre_text like '%alternative%' then 'rock'
        when genre_text like '%pop%' then 'pop'
        else 'other'
    end as genre_family,
    case
        when valence is null or energy is null then null
        when valence >= 0.5 and energy >= 0.6 then 'euphoric'
        when valence >= 0.5 then 'warm'
        when energy >= 0.6 then 'intense'
        else 'melancholic'
    end as mood,
    case
        when tempo is null or tempo <= 0 then null
        when tempo < 90 then 'slow (<90 bpm)'
        when tempo < 110 then 'mid (90-110 bpm)'
        when tempo < 130 then 'upbeat (110-130 bpm)'
        else 'fast (130+ bpm)'
    end as tempo_band,
    case
        when key is null or key < 0 or mode is null then null
        else ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'][key + 1]
            || case when mode = 1 then ' major' else ' minor' end
    end as key_name
from features
